// What a bundler does with `import "@lifeline/ui/styles.css"`; TypeScript only needs to know the import is fine.
declare module "*.css";
