/** OpenAPI description of the session and customer endpoints (merged into openapi-spec.ts). */
import { MAX_ADDRESSES_PER_CUSTOMER } from '../../../../../db/queries/customer-addresses';
import { CUSTOMER_ABSOLUTE_SECONDS, CUSTOMER_IDLE_SECONDS } from '../../accounts/sessions';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: unknown, description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });

const csrfHeader = {
  name: 'x-csrf-token',
  in: 'header',
  schema: { type: 'string' },
  description: 'Required when authenticating with the session cookie (the `csrfToken` of GET /session); not with a bearer token.',
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const setCookie = { 'set-cookie': { description: '`__Host-vt-session=<id>; Max-Age=…; Path=/; HttpOnly; Secure; SameSite=Lax` (cookie transport)', schema: { type: 'string' } } };
const retryAfter = { 'retry-after': { description: 'seconds', schema: { type: 'integer' } } };
const auth = [{ sessionCookie: [] }, { bearer: [] }];
const common = {
  '401': problem('Not signed in (no, expired or logged-out session)'),
  '403': problem('Cross-site request, or cookie-authenticated without a valid x-csrf-token'),
  '503': problem('Sessions (Redis) or the database unreachable; retry later'),
};
const unavailable = { '503': { ...problem('Redis unreachable: login and registration fail closed'), headers: retryAfter } };
const limited = { '429': { ...problem('Too many attempts (per IP and per account, sliding window)'), headers: retryAfter } };

export const accountPaths = {
  '/session': {
    get: {
      summary: 'Current session: who is signed in, and a CSRF token for cookie-authenticated requests',
      operationId: 'getSession',
      responses: { '200': json(ref('SessionInfo'), 'Always 200; `customer` is null for guests') },
    },
    post: {
      summary: 'Log in (issues a new session id; any session the request carried is destroyed)',
      operationId: 'login',
      requestBody: body(ref('LoginRequest')),
      responses: {
        '200': json(ref('AuthResult'), 'Signed in', setCookie),
        '401': problem('Email or password is incorrect (same answer, and the same work, for unknown emails and disabled accounts)'),
        '403': common['403'],
        '415': problem('Body is not application/json'),
        '422': problem('Malformed email or missing password (errors name body.<field>)'),
        ...limited,
        ...unavailable,
      },
    },
    delete: {
      summary: 'Log out: the session is deleted server-side and the cookie cleared',
      operationId: 'logout',
      security: auth,
      parameters: [csrfHeader],
      responses: { '204': { description: 'Logged out (also when there was no session)' }, '403': common['403'], '503': common['503'] },
    },
  },
  '/customers': {
    post: {
      summary: 'Register (and sign in)',
      operationId: 'registerCustomer',
      requestBody: body(ref('RegisterRequest')),
      responses: {
        '201': json(ref('AuthResult'), 'Account created and signed in', { location: { schema: { type: 'string' } }, ...setCookie }),
        '400': problem('Body is not valid JSON'),
        '409': problem('An account with this email already exists'),
        '413': problem('Body larger than 64 KiB'),
        '415': problem('Body is not application/json'),
        '422': problem('Invalid fields: malformed email, weak password, missing name…'),
        ...limited,
        ...unavailable,
      },
    },
  },
  '/customers/me': {
    get: { summary: 'Your profile', operationId: 'getMe', security: auth, responses: { '200': json({ type: 'object', properties: { customer: ref('Customer') } }, 'Profile'), ...common } },
    patch: {
      summary: 'Change your name',
      operationId: 'updateMe',
      security: auth,
      parameters: [csrfHeader],
      requestBody: body({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } }),
      responses: { '200': json({ type: 'object', properties: { customer: ref('Customer') } }, 'Updated'), '422': problem('Invalid name'), ...common },
    },
  },
  '/customers/me/password': {
    put: {
      summary: 'Change your password: every other session ends, this one gets a new id',
      operationId: 'changePassword',
      security: auth,
      parameters: [csrfHeader],
      requestBody: body({ type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string' }, newPassword: { type: 'string', minLength: 10, maxLength: 256 } } }),
      responses: { '200': json({ type: 'object', properties: { session: ref('Session') } }, 'Changed (new cookie, or new token for bearer clients)', setCookie), '422': problem('Wrong current password or weak new password'), ...limited, ...common },
    },
  },
  '/customers/me/sessions': {
    delete: {
      summary: 'Log out everywhere else (all your other sessions end)',
      operationId: 'endOtherSessions',
      security: auth,
      parameters: [csrfHeader],
      responses: { '200': json({ type: 'object', properties: { ended: { type: 'integer' } } }, 'How many sessions ended'), ...common },
    },
  },
  '/customers/me/addresses': {
    get: {
      summary: 'Your saved addresses (default first)',
      operationId: 'listAddresses',
      security: auth,
      responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Address') }, limit: { type: 'integer', const: MAX_ADDRESSES_PER_CUSTOMER } } }, 'Addresses'), ...common },
    },
    post: {
      summary: `Save an address (at most ${MAX_ADDRESSES_PER_CUSTOMER}; the first one becomes the default)`,
      operationId: 'createAddress',
      security: auth,
      parameters: [csrfHeader],
      requestBody: body(ref('AddressInput')),
      responses: { '201': json({ type: 'object', properties: { address: ref('Address') } }, 'Saved'), '409': problem('Address book full'), '422': problem('Invalid address (errors name body.<field>)'), ...common },
    },
  },
  '/customers/me/addresses/{id}': {
    get: { summary: 'One of your addresses', operationId: 'getAddress', security: auth, parameters: [idParam], responses: { '200': json({ type: 'object', properties: { address: ref('Address') } }, 'The address'), '404': problem('Not one of your addresses'), ...common } },
    put: {
      summary: 'Replace one of your addresses',
      operationId: 'updateAddress',
      security: auth,
      parameters: [idParam, csrfHeader],
      requestBody: body(ref('AddressInput')),
      responses: { '200': json({ type: 'object', properties: { address: ref('Address') } }, 'Updated'), '404': problem('Not one of your addresses'), '422': problem('Invalid address'), ...common },
    },
    delete: {
      summary: 'Delete one of your addresses (the oldest remaining one becomes the default if needed)',
      operationId: 'deleteAddress',
      security: auth,
      parameters: [idParam, csrfHeader],
      responses: { '204': { description: 'Deleted' }, '404': problem('Not one of your addresses'), ...common },
    },
  },
  '/customers/me/orders': {
    get: {
      summary: 'Your orders, newest first',
      operationId: 'listMyOrders',
      security: auth,
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        { name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 300 }, description: 'nextCursor of the previous page' },
      ],
      responses: { '200': json(ref('OrderHistoryPage'), 'A page of orders'), '400': problem('Invalid limit or cursor'), ...common },
    },
  },
  '/customers/me/orders/{number}': {
    get: {
      summary: 'One of your orders by order number',
      operationId: 'getMyOrder',
      security: auth,
      parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: { '200': json({ type: 'object', properties: { order: { type: 'object' } } }, 'The order with its lines'), '404': problem('Not one of your orders'), ...common },
    },
  },
} as const;

const text = (max: number) => ({ type: 'string', maxLength: max });
const nullableText = (max: number) => ({ type: ['string', 'null'], maxLength: max });

export const accountSecuritySchemes = {
  sessionCookie: { type: 'apiKey', in: 'cookie', name: '__Host-vt-session', description: 'Set by login/registration; unsafe requests also need x-csrf-token' },
  bearer: { type: 'http', scheme: 'bearer', description: 'The session token returned by login/registration with "session": "bearer"' },
} as const;

export const accountSchemas = {
  LoginRequest: {
    type: 'object',
    required: ['email', 'password'],
    properties: {
      email: { type: 'string', maxLength: 254, description: 'case, surrounding spaces, Unicode form and IDN spelling do not matter' },
      password: { type: 'string', maxLength: 256 },
      session: { type: 'string', enum: ['cookie', 'bearer'], default: 'cookie', description: '"bearer": the session id is returned as `session.token` instead of a cookie' },
    },
  },
  RegisterRequest: {
    type: 'object',
    required: ['email', 'password', 'name'],
    properties: {
      email: { type: 'string', maxLength: 254 },
      password: { type: 'string', minLength: 10, maxLength: 256, description: 'any characters; not a common password, not containing the email or name' },
      name: { type: 'string', minLength: 1, maxLength: 100 },
      session: { type: 'string', enum: ['cookie', 'bearer'], default: 'cookie' },
    },
  },
  Customer: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, lastLoginAt: { type: ['string', 'null'], format: 'date-time' } },
  },
  Session: {
    type: 'object',
    properties: {
      expiresAt: { type: 'string', format: 'date-time', description: `absolute end, ${CUSTOMER_ABSOLUTE_SECONDS / 86400} days after login` },
      idleExpiresAt: { type: 'string', format: 'date-time', description: `ends earlier if unused for ${CUSTOMER_IDLE_SECONDS / 86400} days (sliding)` },
      idleTimeoutSeconds: { type: 'integer' },
      token: { type: 'string', description: 'bearer transport only' },
      tokenType: { type: 'string', const: 'Bearer' },
    },
  },
  AuthResult: { type: 'object', properties: { customer: ref('Customer'), session: ref('Session') } },
  SessionInfo: {
    type: 'object',
    properties: {
      authenticated: { type: 'boolean' },
      customer: { oneOf: [{ type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' } } }, { type: 'null' }] },
      session: { oneOf: [ref('Session'), { type: 'null' }] },
      csrfToken: { type: ['string', 'null'] },
    },
  },
  AddressInput: {
    type: 'object',
    required: ['name', 'line1', 'city', 'country'],
    properties: {
      name: text(100),
      company: nullableText(100),
      line1: text(200),
      line2: nullableText(200),
      city: text(100),
      region: { ...nullableText(100), description: 'two-letter code, required for US and CA' },
      postalCode: { ...nullableText(20), description: 'required and format-checked where the country uses postal codes' },
      country: { type: 'string', pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 of a country the shop ships to' },
      phone: nullableText(32),
      isDefault: { type: 'boolean', description: 'true makes it the default address' },
    },
  },
  Address: {
    allOf: [ref('AddressInput'), { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, isDefault: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' } } }],
  },
  OrderHistoryPage: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            number: { type: 'integer' },
            status: { type: 'string' },
            currency: { type: 'string' },
            grandTotal: { type: 'integer', description: 'minor units' },
            itemCount: { type: 'integer' },
            placedAt: { type: 'string', format: 'date-time' },
          },
        },
      },
      nextCursor: { type: ['string', 'null'] },
    },
  },
} as const;
