// oidc-provider ships no type declarations; the test uses only its constructor, listen() and events.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    listen(port: number): Server;
    on(event: string, listener: (...args: any[]) => void): this;
  }
}
