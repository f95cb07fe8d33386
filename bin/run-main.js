// Shared by both bins: runs an entry point with the process's stdio, and makes sure whatever was
// already written reaches the pipe when an orchestrator stops the process (SIGTERM).
export async function runMain(main, io = {}) {
  let output;
  // A consumer that closed the pipe early (EPIPE) is handled by the tap; never crash on it here.
  process.stdout.on('error', () => undefined);
  process.once('SIGTERM', () => {
    Promise.resolve(output?.flush())
      .catch(() => undefined)
      .finally(() => process.exit(143));
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    env: process.env,
    ...io,
    onOutput: (o) => {
      output = o;
    },
  });
}
