/**
 * Some of a component's strings, group by group. Any group or string may be left out, or be undefined: a locale
 * object assembled at run time (spread from another, loaded as JSON) often has holes, and a hole keeps the words
 * beneath it instead of blanking them.
 */
export type LabelOverrides<Labels> = {
  readonly [Key in keyof Labels]?:
    | (Labels[Key] extends string ? Labels[Key] : { readonly [Name in keyof Labels[Key]]?: Labels[Key][Name] })
    | undefined;
};

/**
 * Lays each layer over `base` in order (a locale, then the app's overrides), one level deep: a group merges string
 * by string, a top-level string replaces. Undefined and null groups or strings are skipped, so they never erase
 * what is below them and the component always has a string to show. Returns `base` itself when no layer changes it,
 * so a component without overrides builds nothing per render.
 */
export function mergeLabels<Labels extends object>(
  base: Labels,
  ...layers: readonly (LabelOverrides<Labels> | undefined)[]
): Labels {
  return layers.reduce<Labels>(
    (merged, layer) => (layer && layer !== merged ? lay(merged, layer, true) : merged),
    base,
  );
}

// One level of groups is all labels have: below it, an object is a value like any other.
function lay<Target>(target: Target, layer: object, groups: boolean): Target {
  const next: Record<string, unknown> = { ...(target as object) };
  for (const [key, value] of Object.entries(layer)) {
    if (value != null) next[key] = groups && typeof value === "object" ? lay(next[key], value, false) : value;
  }
  return next as Target;
}
