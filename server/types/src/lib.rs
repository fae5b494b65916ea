//! The codes that cross the wire between server and browser, with their words in every language
//! (being written).
