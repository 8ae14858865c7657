// Vite bundles a component's stylesheet when the component imports it.
declare module '*.css';
