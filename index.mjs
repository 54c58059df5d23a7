// ESM entry: re-exports the CommonJS module.
import s3native from './index.js';

export const { S3, S3Error, Config, config, putObject, getObject, headObject, deleteObject } = s3native;
export default s3native;
