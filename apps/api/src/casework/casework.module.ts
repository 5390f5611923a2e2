import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

/** The casework around a case: notes and contacts, documents, statutory letters. */
@Module({ controllers: [NotesController], providers: [NotesService] })
export class CaseworkModule {}
