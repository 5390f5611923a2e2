import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { apiInterceptor } from './core/api-interceptor';
import { ListReturn } from './core/list-return';
import { PageTitle } from './core/page-title';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // Route and query parameters arrive as component inputs (filters live in the URL, so Back works).
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([apiInterceptor])),
    // One instance: pages add their own detail and error state to the title the router sets.
    { provide: TitleStrategy, useExisting: PageTitle },
    // Watches navigation from the start, so a case's back link returns to the list (and filters) it was opened from.
    provideAppInitializer(() => void inject(ListReturn)),
  ],
};
