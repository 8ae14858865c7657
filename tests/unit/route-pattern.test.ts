import { describe, expect, it } from 'vitest';
import { routePattern } from '../../shared/metrics/route-pattern';

describe('routePattern', () => {
  it.each([
    ['https://shop.example/', 'shop.example/'],
    ['https://shop.example/cart/?step=2#pay', 'shop.example/cart'],
    ['https://shop.example/order/12345', 'shop.example/order/:id'],
    ['https://shop.example/u/42/orders/7', 'shop.example/u/:id/orders/:id'],
    ['https://shop.example/t/3f2a9c1e-7b4d-4c2a-9e1f-0a1b2c3d4e5f', 'shop.example/t/:uuid'],
    ['https://shop.example/c/9f86d081884c7d659a2feaa0c55ad015', 'shop.example/c/:hash'],
    ['https://shop.example/s/AbCdEfGhIjKlMnOpQrStUvWx12', 'shop.example/s/:hash'],
    ['https://shop.example/products/blue-shoes', 'shop.example/products/blue-shoes'],
    ['https://shop.example/2024', 'shop.example/:id'],
    ['https://shop.example:8080/a', 'shop.example:8080/a'],
  ])('%s → %s', (url, pattern) => {
    expect(routePattern(url)).toBe(pattern);
  });

  it('keeps words, however long, and text that is not a URL', () => {
    expect(routePattern('https://docs.example/internationalization-guidelines')).toBe(
      'docs.example/internationalization-guidelines',
    );
    expect(routePattern('not a url')).toBe('not a url');
  });
});
