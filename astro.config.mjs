// Astro config for `npm run build` / `dev` / `preview` over the default content (content/).
// `npx bitext build` builds other content with the same configuration (src/site/build.ts).
import { createSiteConfig } from './src/site/config.ts';

export default await createSiteConfig();
