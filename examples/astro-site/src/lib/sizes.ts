// How wide images are drawn in the layout (src/layouts/Base.astro's CSS), for
// `sizes`: the content column is at most 46rem, with 1rem of margin on phones.
export const WIDE = "(min-width: 72rem) 70rem, 100vw";
export const COLUMN = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";
export const HALF = "(min-width: 48rem) 22rem, calc(100vw - 2rem)";
export const CARD = "(min-width: 72rem) 22rem, (min-width: 48rem) calc(50vw - 2rem), calc(100vw - 2rem)";
