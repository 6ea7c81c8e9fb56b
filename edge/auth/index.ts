export * from './password';
export * from './password-policy';
export { timingSafeEqualBytes, sha256Base64Url, toBase64Url, fromBase64Url, randomBytes } from './bytes';
