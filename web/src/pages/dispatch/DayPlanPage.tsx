/** Placeholder: built by the dispatch work (issue 5). */
export function DayPlanPage() {
  return null;
}
