// jsdom lacks a few browser APIs the client touches.
if (!globalThis.IntersectionObserver) {
  globalThis.IntersectionObserver = class {
    observe() {}
    disconnect() {}
  };
}
globalThis.scrollTo = () => {};
