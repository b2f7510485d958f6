import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

/** Every request DTO of the services and of the platform (`*.dto.ts`). */
export function dtoFiles(): string[] {
  return [join(ROOT, 'apps'), join(ROOT, 'libs/platform')].flatMap((dir) =>
    filesUnder(dir, '.dto.ts'),
  );
}

/**
 * The source of the module @nestjs/swagger's CLI plugin writes (`metadata.ts`), as its
 * PluginMetadataGenerator would for SWC builds: the DTOs' properties with their types and the
 * constraints of their class-validator decorators (`classValidatorShim`).
 */
function metadataSource(files: readonly string[]): string {
  const { options } = ts.parseJsonConfigFileContent(
    ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile).config as object,
    ts.sys,
    ROOT,
  );
  const program = ts.createProgram({ rootNames: files, options });
  const visitor = new ReadonlyVisitor({
    pathToSource: ROOT,
    classValidatorShim: true,
    dtoFileNameSuffix: ['.dto.ts'],
    controllerFileNameSuffix: [],
  });
  for (const file of files) visitor.visit(program, program.getSourceFile(file)!);
  const { models } = visitor.collect();
  const f = ts.factory;
  const modelsExpression = f.createArrayLiteralExpression(
    models.map(([load, classes]) =>
      f.createArrayLiteralExpression([
        load,
        f.createObjectLiteralExpression(
          // One object literal per class, whatever the plugin's typings say.
          Object.entries(classes).map(([name, properties]) =>
            f.createPropertyAssignment(name, properties as unknown as ts.Expression),
          ),
        ),
      ]),
    ),
  );
  const printed = ts
    .createPrinter()
    .printNode(
      ts.EmitHint.Expression,
      modelsExpression,
      ts.createSourceFile('metadata.ts', '', ts.ScriptTarget.ES2022),
    );
  const typeImports = Object.entries(visitor.typeImports)
    .map(([path, load]) => `${JSON.stringify(path)}: ${load}`)
    .join(',\n');
  return `module.exports = async () => {
  const t = {${typeImports}};
  return { '@nestjs/swagger': { models: ${printed} } };
};`;
}

type PropertyMetadata = Record<string, unknown>;
type PluginMetadata = {
  '@nestjs/swagger': {
    models: [Promise<Record<string, unknown>>, Record<string, Record<string, PropertyMetadata>>][];
  };
};

// What the plugin leaves out because it reads decorators' arguments only when they are literals
// (`@IsIn(ORDER_STATUSES)`, `@Matches(SLUG_PATTERN)`) and maps no `@IsInt()`: taken from the
// constraints class-validator holds at run time, so each is exactly what the validation checks.
function addValidationConstraints(dto: object, properties: Record<string, PropertyMetadata>): void {
  const rules = getMetadataStorage().getTargetValidationMetadatas(
    dto as new () => object,
    '',
    true,
    false,
  );
  for (const { target, propertyName, name, constraints, each } of rules) {
    if (target !== dto) continue; // an inherited property: in its own class's metadata
    const property = properties[propertyName];
    if (!property) {
      throw new Error(
        `${(dto as { name: string }).name}.${propertyName}: validated, but not in the plugin's metadata`,
      );
    }
    const [first, second] = (constraints ?? []) as unknown[];
    if (name === 'isIn') property.enum = [...(first as unknown[])];
    if (each) continue;
    if (name === 'isInt') property.type = 'integer';
    else if (name === 'matches' && first instanceof RegExp) property.pattern = first.source;
    else if (name === 'min') property.minimum = first;
    else if (name === 'max') property.maximum = first;
    else if (name === 'minLength') property.minLength = first;
    else if (name === 'maxLength') property.maxLength = first;
    else if (name === 'isLength') Object.assign(property, { minLength: first, maxLength: second });
    else if (name === 'arrayMinSize') property.minItems = first;
    else if (name === 'arrayMaxSize') property.maxItems = first;
    else if (name === 'isIso8601') property.format = 'date-time';
  }
}

/** Reads the DTOs' plugin metadata and hands it to @nestjs/swagger, as a plugin-built app would. */
export async function loadDtoMetadata(): Promise<void> {
  const source = metadataSource(dtoFiles());
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  // The module's imports are relative to the repository root, where it would be written.
  const module = { exports: {} as unknown };
  new Function('require', 'module', outputText)(createRequire(join(ROOT, 'metadata.ts')), module);
  const metadata = await (module.exports as () => Promise<PluginMetadata>)();
  for (const [load, classes] of metadata['@nestjs/swagger'].models) {
    const exported = await load;
    for (const [name, properties] of Object.entries(classes)) {
      addValidationConstraints(exported[name] as object, properties);
    }
  }
  await SwaggerModule.loadPluginMetadata(() => Promise.resolve(metadata));
}
