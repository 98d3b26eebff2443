/** The yardstick of `npm run bench:http`: node:http answering one fixed JSON body; prints its URL. */
import { createServer } from 'node:http';

const body = JSON.stringify({ ok: true, findings: [], filingType: 'first' });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
