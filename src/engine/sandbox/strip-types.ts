// amaro is the type stripper Node itself uses (swc compiled to wasm). It replaces types with whitespace, so line
// and column numbers stay those of the model's code. Loaded lazily: most cells are plain JavaScript.
type Amaro = { transformSync(source: string, options: { mode: 'strip-only' }): { code: string } };

let amaro: Promise<Amaro> | undefined;

export async function stripTypes(source: string): Promise<string> {
  amaro ??= import('amaro') as Promise<Amaro>;
  const module = (await amaro) as Amaro & { default?: Amaro };
  const { transformSync } = module.default ?? module;
  return transformSync(source, { mode: 'strip-only' }).code;
}
