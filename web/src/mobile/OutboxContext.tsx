/**
 * Ties the outbox to the app: one queue per page load, retried on `online` and every 15 s,
 * answers written into the react-query cache, refusals kept for the technician to read.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createOutbox, type Outbox, type OutboxStep, type StepKind } from './outbox';
import type { WorkOrderDetail } from '../api/field';

export const RETRY_INTERVAL_MS = 15_000;

export const orderKey = (id: string) => ['m', 'order', id] as const;
export const ORDERS_KEY = ['m', 'orders'] as const;

export type Rejection = { clientStepId: string; workOrderId: string; kind: StepKind; status: number; message: string };

type OutboxValue = {
  steps: readonly OutboxStep[];
  rejections: Rejection[];
  dismiss: (clientStepId: string) => void;
  /** Queues one step (a new clientStepId for this tap) and tries to send it at once. */
  submit: (workOrderId: string, kind: StepKind, body?: Record<string, unknown>) => OutboxStep;
  retry: () => void;
};

const OutboxContext = createContext<OutboxValue | null>(null);

export function OutboxProvider({ children, csrfToken, outbox: given }: { children: ReactNode; csrfToken: string | null; outbox?: Outbox }) {
  const queryClient = useQueryClient();
  const tokenRef = useRef(csrfToken);
  tokenRef.current = csrfToken;
  const [outbox] = useState(() => given ?? createOutbox({ fetch: (input, init) => window.fetch(input, init), csrfToken: () => tokenRef.current }));
  const steps = useSyncExternalStore(outbox.subscribe, outbox.list, outbox.list);
  const [rejections, setRejections] = useState<Rejection[]>([]);

  useEffect(
    () =>
      outbox.onOutcome((outcome) => {
        const { step } = outcome;
        if (outcome.type === 'applied') {
          const detail = outcome.data as WorkOrderDetail | undefined;
          if (detail && typeof detail === 'object' && 'id' in detail) queryClient.setQueryData(orderKey(step.workOrderId), detail);
          else void queryClient.invalidateQueries({ queryKey: orderKey(step.workOrderId) });
          void queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
        } else if (outcome.type === 'rejected') {
          setRejections((current) => [...current, { clientStepId: step.clientStepId, workOrderId: step.workOrderId, kind: step.kind, status: outcome.status, message: outcome.message }]);
          void queryClient.invalidateQueries({ queryKey: orderKey(step.workOrderId) });
          void queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
        }
      }),
    [outbox, queryClient],
  );

  const retry = useCallback(() => void outbox.flush(), [outbox]);

  // Steps left from an earlier visit, the connection coming back, and a steady retry.
  useEffect(() => {
    retry();
    window.addEventListener('online', retry);
    const timer = window.setInterval(() => {
      if (outbox.list().length) retry();
    }, RETRY_INTERVAL_MS);
    return () => {
      window.removeEventListener('online', retry);
      window.clearInterval(timer);
    };
  }, [outbox, retry]);

  const submit = useCallback(
    (workOrderId: string, kind: StepKind, body?: Record<string, unknown>) => {
      const step = outbox.enqueue({ workOrderId, kind, body });
      void outbox.flush();
      return step;
    },
    [outbox],
  );

  const dismiss = useCallback((clientStepId: string) => setRejections((current) => current.filter((item) => item.clientStepId !== clientStepId)), []);

  const value = useMemo<OutboxValue>(() => ({ steps, rejections, dismiss, submit, retry }), [steps, rejections, dismiss, submit, retry]);
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxValue {
  const value = useContext(OutboxContext);
  if (!value) throw new Error('useOutbox must be used inside <OutboxProvider>');
  return value;
}
