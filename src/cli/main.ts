#!/usr/bin/env node
/** The `signalbox` executable (package.json "bin"): see docs/cli.md. */
import { runCli } from "./run.js";

process.exitCode = await runCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
