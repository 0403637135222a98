// Paper tickets. A ticket answer may carry print: {job_id, status: 'queued' | 'done' | 'failed'};
// the result arrives on the kiosk's socket as print.done or print.failed {job_id, ...}.
// Without a print field the kiosk has no printer and the screen is the ticket.
// Results are kept briefly by job id because one can arrive before the HTTP answer.
const RESULT_TIMEOUT_MS = 20000;
const results = new Map();
const watchers = new Map();

export function onPrintEvent(event) {
  const jobId = event.data?.job_id;
  if (jobId == null) return;
  const state = event.type === 'print.done' ? 'done' : 'failed';
  results.set(jobId, state);
  if (results.size > 50) results.delete(results.keys().next().value);
  watchers.get(jobId)?.(state);
}

// onState('none' | 'queued' | 'done' | 'failed' | 'unknown'); returns a stop function.
export function watchPrint(ticket, onState) {
  const jobId = ticket.print?.job_id;
  if (jobId == null) {
    onState('none');
    return () => {};
  }
  // A retried request can answer with a job that has already finished.
  const known = results.get(jobId) || { done: 'done', failed: 'failed' }[ticket.print.status];
  if (known) {
    onState(known);
    return () => {};
  }
  onState('queued');
  const timer = setTimeout(() => onState('unknown'), RESULT_TIMEOUT_MS);
  watchers.set(jobId, (state) => {
    clearTimeout(timer);
    watchers.delete(jobId);
    onState(state);
  });
  return () => {
    clearTimeout(timer);
    watchers.delete(jobId);
  };
}
