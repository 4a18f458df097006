export const loaded = await new Promise((resolve) =>
  setTimeout(() => resolve("after a top-level await"), 20),
);
