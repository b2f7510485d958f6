// @nestjs/swagger exports its plugin as `@nestjs/swagger/plugin`, whose types the repository's
// module resolution (node10, no package exports) does not find by itself.
declare module '@nestjs/swagger/plugin' {
  export * from '@nestjs/swagger/dist/plugin';
}
