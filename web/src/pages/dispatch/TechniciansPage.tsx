/** Placeholder: built by the dispatch work (issue 5). */
export function TechniciansPage() {
  return null;
}
