// MoJ Frontend 11 ships no TypeScript types. We use only the component classes we construct per element.
declare module '@ministryofjustice/frontend' {
  export function initAll(config?: unknown): void;
  export class SortableTable {
    constructor(element: Element, config?: unknown);
  }
  export class ButtonMenu {
    constructor(element: Element, config?: unknown);
  }
  export class FilterToggleButton {
    constructor(element: Element, config?: unknown);
  }
}
