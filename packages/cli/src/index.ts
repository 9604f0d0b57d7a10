/** The ripcord CLI, callable in-process (tests) as `main(argv, io, env)`. */
export { main, buildProgram, exitCodes } from './main.js';
export { ApiClient, ApiError } from './client.js';
