export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');
export const WORKER_LOGGER = Symbol('WORKER_LOGGER');
