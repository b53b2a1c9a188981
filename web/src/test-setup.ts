/**
 * Shims for running antd under happy-dom in component tests (referenced as `setupFiles`
 * by the web project of the root vitest config).
 */
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// antd pages take a while to render the first time in happy-dom
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  try {
    window.localStorage.clear();
  } catch {
    // no storage in this environment
  }
});

if (typeof window !== 'undefined') {
  if (typeof window.matchMedia !== 'function' || !window.matchMedia('(min-width: 0px)')) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      configurable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }),
    });
  }

  // antd measures scrollbars with getComputedStyle(el, '::-webkit-scrollbar'); ignore the pseudo element.
  const original = window.getComputedStyle.bind(window);
  window.getComputedStyle = ((element: Element, pseudo?: string | null) => original(element, pseudo ? undefined : pseudo)) as typeof window.getComputedStyle;

  if (typeof window.ResizeObserver === 'undefined') {
    class ResizeObserverShim {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    Object.defineProperty(window, 'ResizeObserver', { writable: true, configurable: true, value: ResizeObserverShim });
  }

  if (!navigator.clipboard) {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async () => {} } });
  }
}
