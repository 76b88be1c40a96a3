/** Domain errors: each maps to one HTTP status and a stable machine-readable code in app.onError. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The Worker's configuration is invalid; nothing can be served safely. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super(500, 'config_invalid', `Invalid configuration: ${message}`);
  }
}

/** No valid credentials were presented. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'unauthenticated', message);
  }
}

/** The caller is known but lacks the permission. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.') {
    super(403, 'forbidden', message);
  }
}

/** The request body or parameters failed validation. */
export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'invalid_request', message, details);
  }
}

/** The addressed resource does not exist or is not visible to the caller. */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found.`);
  }
}

/** The request conflicts with the resource's current state. */
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** The upload exceeds a size limit. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

/** The upload's media type is not one we can parse. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(415, 'unsupported_media_type', message);
  }
}

/** The content is well-formed but unusable (empty, binary garbage). */
export class UnprocessableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(422, 'unprocessable', message, details);
  }
}

/** A model provider failed after every retry and fallback. */
export class ModelUnavailableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(503, 'model_unavailable', message, details);
  }
}
