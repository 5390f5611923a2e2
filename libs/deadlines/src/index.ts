// @ehc/deadlines — the deadline engine shared by the worker, the api and the tests: queue and job names,
// alert timing and job ids, the outbox relay, the job handler, the sweeper and the e-mail digest.
export * from './queues.js';
export * from './london-time.js';
export * from './alert-schedule.js';
export * from './deadline-clock.js';
export * from './alerts.js';
export * from './alert-messages.js';
export * from './handle-deadline-job.js';
export * from './outbox-relay.js';
export * from './sweeper.js';
export * from './digest.js';
export * from './redis-policy.js';
