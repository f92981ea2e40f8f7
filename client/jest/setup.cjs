// jsdom lacks a few browser APIs the client touches.
if (!globalThis.IntersectionObserver) {
  globalThis.IntersectionObserver = class {
    observe() {}
    disconnect() {}
  };
}
globalThis.scrollTo = () => {};

// (dom's configure, not react's: importing @testing-library/react here would run before jest
// defines afterEach and so skip its automatic cleanup.)
// Lazy routes are transformed on first import: on a cold cache and a busy 2-core machine that
// takes longer than testing-library's default 1 s wait for `findBy*`.
require('@testing-library/dom').configure({ asyncUtilTimeout: 5000 });
