/**
 * The most common passwords of public breach corpora (lower-cased, ≥ 8
 * characters, since shorter ones fail the length rule anyway). A short list
 * keeps the worker small; it catches what attackers try first.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '123123123', '1234567891', '11111111', '111111111', '1111111111',
  '00000000', '0000000000', '87654321', '987654321', '0987654321', '123456123456', '147258369', '123454321',
  '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'zaq12wsx', '1qaz2wsx', '1qaz2wsx3edc', 'qwertyui',
  'qwertyuiop', 'qwerty123', 'qwerty1234', 'qwerty12345', 'asdfghjkl', 'asdfasdf', 'zxcvbnm1', 'password', 'password1',
  'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word', 'iloveyou', 'iloveyou1',
  'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'letmein1', 'letmein123', 'abc12345',
  'abcd1234', 'abcdefgh', 'abcdefg1', 'admin123', 'administrator', 'changeme', 'changeme123', 'trustno1', 'superman',
  'starwars', 'whatever', 'master123', 'computer', 'internet', 'michelle', 'jennifer', 'liverpool', 'chelsea1',
  'charlie1', 'michael1', 'jordan23', 'shadow123', 'dragon123', 'monkey123', 'football1', 'baseball1', 'qwertyqwerty',
  'aaaaaaaa', 'aaaaaaaaaa', 'passwordpassword', 'letmeinplease', 'welcomewelcome', 'iloveyou123', 'secret123',
  'mypassword', 'newpassword', 'default123', 'test1234', 'testtest', 'testing123', 'hello123', 'hello1234',
  'helloworld', 'whatever1', 'freedom1', 'killer123', 'lovelove', 'loveyou1', 'babygirl1', 'sunshine1', 'princess1',
  'vitrine123', 'vitrinevitrine', 'shop12345', 'shopping', 'shopping1', 'shopping123', 'customer', 'customer1',
]);
