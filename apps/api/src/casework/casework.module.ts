import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { LetterTemplatesController, LettersController } from './letters.controller.js';
import { LettersService } from './letters.service.js';
import { CasesModule } from '../cases/cases.module.js';

/** The casework around a case: notes and contacts, documents, statutory letters. */
@Module({
  imports: [CasesModule],
  controllers: [NotesController, DocumentsController, LettersController, LetterTemplatesController],
  providers: [NotesService, DocumentsService, LettersService],
  exports: [DocumentsService],
})
export class CaseworkModule {}
