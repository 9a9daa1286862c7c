// A job's progress bar, fed by `job.progress` events (docs/JOBS.md) or a job read over REST: one <li> per
// job in the list, keyed by its id; the 運用 and 訪問計画 screens both use it.
import { h } from './dom.js';

const FINISHED = new Set(['done', 'finished', 'completed', 'failed', 'DONE', 'FINISHED', 'FAILED']);

/** Shows {jobId|id, kind|label, done, total, state} in `list`; answers whether the job has ended. */
export function showJobProgress(list, d, name) {
  const id = d.jobId ?? d.id ?? 'job';
  const key = CSS.escape(String(id));
  let li = list.querySelector('[data-job="' + key + '"]');
  if (!li) {
    li = h('li', { 'data-job': id }, h('span', { class: 'job-name' }), h('progress', { max: '100', value: '0' }), h('span', { class: 'job-count' }));
    list.append(li);
  }
  const total = Number(d.total ?? 0);
  const done = Number(d.done ?? d.completed ?? d.processed ?? 0);
  const percent = d.percent !== undefined ? Number(d.percent) : total > 0 ? Math.round((done * 100) / total) : 0;
  const label = name ?? d.label ?? d.kind ?? String(id);
  li.querySelector('.job-name').textContent = label;
  const bar = li.querySelector('progress');
  bar.value = percent;
  bar.setAttribute('aria-label', label + ' ' + percent + '%');
  li.querySelector('.job-count').textContent = total > 0 ? done + ' / ' + total : percent + '%';
  const finished = FINISHED.has(d.state) || (total > 0 && done >= total);
  li.classList.toggle('finished', finished);
  return finished;
}
