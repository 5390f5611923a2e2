import { pageItems } from './pagination';

describe('GOV.UK pagination items', () => {
  it('shows the first, last, current and neighbouring pages, with an ellipsis for a longer gap', () => {
    expect(pageItems(1, 1)).toEqual([1]);
    expect(pageItems(1, 3)).toEqual([1, 2, 3]);
    expect(pageItems(5, 10)).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(pageItems(3, 10)).toEqual([1, 2, 3, 4, '…', 10]);
    expect(pageItems(10, 10)).toEqual([1, '…', 9, 10]);
  });
});
