import { sanitizeRichText } from './rich-text';

describe('sanitizeRichText', () => {
  it('removes script elements with their content', () => {
    expect(sanitizeRichText('<p>好物</p><script>alert(1)</script>')).toBe('<p>好物</p>');
  });

  it('removes event handler attributes such as onerror', () => {
    const clean = sanitizeRichText('<img src="https://cdn.example.com/a.jpg" onerror="alert(1)">');
    expect(clean).toBe('<img src="https://cdn.example.com/a.jpg" />');
  });

  it('removes javascript: and data: URLs from links and images', () => {
    expect(sanitizeRichText('<a href="javascript:alert(1)">x</a>')).toBe(
      '<a rel="noopener noreferrer">x</a>',
    );
    expect(sanitizeRichText('<img src="data:image/svg+xml,<svg onload=alert(1)>">')).toBe(
      '<img />',
    );
  });

  it('keeps the allowed structure and marks links rel=noopener', () => {
    expect(
      sanitizeRichText(
        '<h2>选购指南</h2><ul><li><strong>续航</strong> <em>优先</em></li></ul><a href="https://shop.example.com/p">看看</a>',
      ),
    ).toBe(
      '<h2>选购指南</h2><ul><li><strong>续航</strong> <em>优先</em></li></ul><a href="https://shop.example.com/p" rel="noopener noreferrer">看看</a>',
    );
  });

  it('drops tags outside the allow-list but keeps their text', () => {
    expect(sanitizeRichText('<div style="x"><iframe src="https://e.com"></iframe>文字</div>')).toBe(
      '文字',
    );
  });
});
