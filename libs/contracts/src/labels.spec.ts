// The web labels each event field's options from libs/contracts; the codes are libs/workflow's. These must agree:
// a code with no label would show as a code, a label with no code would offer a choice the api refuses.
import {
  ADVICE_PROVIDERS,
  APPEAL_OUTCOMES,
  CONSULTATION_OUTCOMES,
  DISPUTE_SUBJECTS,
  EVENT_FIELDS,
  EXCEPTION_KINDS,
  INFORMATION_SOURCES,
  PARENT_ACTS_AS,
  PLACEMENTS,
  REQUEST_SOURCES,
  SEN_TYPES,
  TRIBUNAL_ORDERS,
} from '@ehc/workflow';
import {
  ACTION_LABELS,
  ADVICE_PROVIDER_LABELS,
  FIELD_OPTION_LABELS,
  optionLabels,
  REQUEST_SOURCE_LABELS,
} from './labels.js';

describe('one label map per vocabulary', () => {
  it('each map has exactly the codes of its vocabulary', () => {
    const keys = (m: Record<string, string>) => Object.keys(m).sort();
    expect(keys(REQUEST_SOURCE_LABELS)).toEqual([...REQUEST_SOURCES].sort());
    expect(keys(ADVICE_PROVIDER_LABELS)).toEqual([...ADVICE_PROVIDERS].sort());
    expect(keys(FIELD_OPTION_LABELS.outcome!)).toEqual([...CONSULTATION_OUTCOMES].sort());
    expect(keys(FIELD_OPTION_LABELS.placement!)).toEqual([...PLACEMENTS].sort());
    expect(keys(FIELD_OPTION_LABELS.kind!)).toEqual([...EXCEPTION_KINDS].sort());
    expect(keys(FIELD_OPTION_LABELS.against!)).toEqual([...DISPUTE_SUBJECTS].sort());
    expect(keys(FIELD_OPTION_LABELS.order!)).toEqual([...TRIBUNAL_ORDERS].sort());
    expect(keys(FIELD_OPTION_LABELS.parentActsAs!)).toEqual([...PARENT_ACTS_AS].sort());
    expect(keys(FIELD_OPTION_LABELS.from!)).toEqual([...INFORMATION_SOURCES].sort());
    expect(keys(FIELD_OPTION_LABELS.primaryNeed!)).toEqual([...SEN_TYPES].sort());
    expect(keys(optionLabels('TribunalAppealConcluded', 'outcome')!)).toEqual([...APPEAL_OUTCOMES].sort());
    expect(keys(optionLabels('SettingResponded', 'outcome')!)).toEqual([...CONSULTATION_OUTCOMES].sort());
  });

  it('every option of every event field has a label in that field’s own map', () => {
    for (const [type, fields] of Object.entries(EVENT_FIELDS)) {
      for (const f of fields.filter((x) => x.options)) {
        const map = optionLabels(type, f.name);
        expect([type, f.name, map ? 'has a map' : 'no map']).toEqual([type, f.name, 'has a map']);
        for (const o of f.options!) expect([f.name, o, map![o] ?? null]).toEqual([f.name, o, expect.any(String)]);
      }
    }
  });

  it('keeps the two meanings of "parent" apart', () => {
    expect(REQUEST_SOURCE_LABELS.parent).toBe('Parent');
    expect(ADVICE_PROVIDER_LABELS.parent).toBe('Parent or young person');
  });

  it('names every event a person records as an action', () => {
    // Not recorded on a case page: the request opens the case, the system records misses, the importer migrations.
    const recordable = Object.keys(EVENT_FIELDS).filter(
      (t) => !['RequestReceived', 'DeadlineMissed', 'HistoryMigrated'].includes(t),
    );
    for (const t of recordable) expect([t, ACTION_LABELS[t] ?? null]).toEqual([t, expect.any(String)]);
  });
});
