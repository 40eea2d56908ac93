// The encoding of image URLs (deflate + base64url), re-exported so that pages and plugins that
// link to a service write the URLs it reads.
export { encodeSource } from '../http/encoded-source.js';
