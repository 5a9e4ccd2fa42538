export const second = (): string => 'second';
