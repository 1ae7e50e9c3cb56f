import { Option } from 'commander';
import { ROLES } from '../../shared/roles.js';

/** `--endpoint`, the remote hub a command talks to; the same for every command that has one. */
export function endpointOption(): Option {
  return new Option('--endpoint <url>', 'the hub (default: HF_ENDPOINT or https://huggingface.co)');
}

/** `--role`, what a token or an organization member may do (default: write). */
export function roleOption(what: string): Option {
  return new Option('--role <role>', what).choices(ROLES).default('write');
}
