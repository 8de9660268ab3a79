/** The stopword package ships no types: its English list is all Twoway reads of it. */
declare module 'stopword' {
  export const eng: string[];
}
