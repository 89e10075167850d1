type TransformArg = { value: unknown };

export const trim = ({ value }: TransformArg) => (typeof value === 'string' ? value.trim() : value);
export const lowerTrim = ({ value }: TransformArg) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
