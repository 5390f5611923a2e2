import { TestBed } from '@angular/core/testing';
import { MigratedTag } from './migrated-tag';

// A case imported as a summary history is shown as migrated, with where it came from.
describe('migrated tag', () => {
  const render = (migrated: unknown) => {
    const fixture = TestBed.createComponent(MigratedTag);
    fixture.componentRef.setInput('migrated', migrated);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };

  it('tags a migrated case and says up to when and from which system', () => {
    const el = render({ mode: 'summary', source: 'Old SEN system', throughDate: '2024-05-20' });
    expect(el.querySelector('.govuk-tag')?.textContent?.trim()).toBe('Migrated summary');
    expect(el.textContent?.replace(/\s+/g, ' ')).toContain('History to 20 May 2024 migrated from Old SEN system');
  });

  it('shows nothing for live casework', () => {
    expect(render(undefined).querySelector('[data-migrated]')).toBeNull();
  });
});
