import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../database/database.module.js';
import {
  apiObjectStore,
  DOCUMENT_OBJECT_STORE,
  S3DocumentObjectStore,
  type DocumentObjectStore,
} from './document-object-store.js';

class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(DOCUMENT_OBJECT_STORE) private readonly store: DocumentObjectStore | null) {}
  onApplicationShutdown() {
    if (this.store instanceof S3DocumentObjectStore) this.store.destroy();
  }
}

/** The documents' object store when DOCUMENT_STORAGE=s3 (null otherwise), for the documents and the readiness check. */
@Global()
@Module({
  providers: [
    {
      provide: DOCUMENT_OBJECT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): DocumentObjectStore | null =>
        config.documentStorage.kind === 's3' ? apiObjectStore(config.documentStorage) : null,
    },
    StoreCloser,
  ],
  exports: [DOCUMENT_OBJECT_STORE],
})
export class DocumentStoreModule {}
