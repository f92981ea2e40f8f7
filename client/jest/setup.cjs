// jsdom lacks a few browser APIs the client touches.
if (!globalThis.IntersectionObserver) {
  globalThis.IntersectionObserver = class {
    observe() {}
    disconnect() {}
  };
}
globalThis.scrollTo = () => {};

// Lazy routes are transformed on first import: on a cold cache and a busy 2-core machine that
// takes longer than testing-library's default 1 s wait for `findBy*`.
require('@testing-library/react').configure({ asyncUtilTimeout: 5000 });
