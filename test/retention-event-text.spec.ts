import { EVENT_FIELDS } from '@ehc/workflow';
import { ERASABLE_EVENT_TEXT } from '../migrations/1764000000120-personal-budget-text-erasure.js';

/**
 * Erasure blanks the free-text fields of a person's events (docs/operations.md#retention-and-erasure). The list lives
 * in the latest migration that made the erasure function (1764000000120, personal budgets), so a text field added to
 * EVENT_FIELDS later would be kept after erasure unless a new migration names it: this fails until one does.
 */
describe('every free-text field of an event is erased with the person', () => {
  // The old system's name is not about a person (HistoryMigrated is written by the importer).
  // A personal budget's amount a year is a sum the plan's rules read, not free text about a person.
  const KEPT = new Set(['HistoryMigrated.source', 'PersonalBudgetDecided.amount']);

  it('ERASABLE_EVENT_TEXT names exactly the text fields of EVENT_FIELDS', () => {
    const textFields = Object.entries(EVENT_FIELDS)
      .flatMap(([type, specs]) => specs.filter((s) => s.kind === 'text').map((s) => `${type}.${s.name}`))
      .filter((f) => !KEPT.has(f))
      .sort();
    const erased = Object.entries(ERASABLE_EVENT_TEXT)
      .flatMap(([type, fields]) => fields.map((f) => `${type}.${f}`))
      .sort();
    expect(erased).toEqual(textFields);
  });

  it('no field it erases is one the measure or the statechart reads as a value (a date, an enumerated value or a reference)', () => {
    for (const [type, fields] of Object.entries(ERASABLE_EVENT_TEXT)) {
      const specs = EVENT_FIELDS[type as keyof typeof EVENT_FIELDS];
      for (const f of fields)
        expect({ type, f, kind: specs.find((s) => s.name === f)?.kind }).toEqual({ type, f, kind: 'text' });
    }
  });
});
