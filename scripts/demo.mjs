// `pnpm demo`: the canary example through the built plugin and the Cloud Run emulator.
// The deployment stages land with the stage logic; until then say so plainly.
console.log("demo arrives with the deployment plugin (stage logic is not in this build yet).");
console.log("Try the tests meanwhile: pnpm test");
