'use client';
// Main navigation: one link per console page, a theme toggle; a top bar on phones, a sidebar on desktops.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { TierBadge } from './tier-badge';

const PAGES = [
  { href: '/', label: 'Connections' },
  { href: '/explorer', label: 'Explorer' },
  { href: '/diagnose', label: 'Diagnose' },
  { href: '/history', label: 'History' },
  { href: '/tools', label: 'Tools' },
  { href: '/activity', label: 'Activity' },
  { href: '/performance', label: 'Performance' },
  { href: '/setup', label: 'MCP setup' },
];

function toggleTheme() {
  const dark = document.documentElement.classList.toggle('dark');
  localStorage.setItem('theme', dark ? 'dark' : 'light');
}

/** The console's navigation. */
export function Nav() {
  const path = usePathname();
  return (
    <nav
      aria-label="Main"
      className="flex shrink-0 flex-row items-center gap-1 overflow-x-auto border-b border-slate-200 bg-white px-2 py-2 md:w-52 md:flex-col md:items-stretch md:border-b-0 md:border-r md:px-3 md:py-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <span className="mr-2 px-2 text-sm font-semibold tracking-tight md:mb-4 md:mr-0">
        mqtt-mcp
      </span>
      <TierBadge />
      {PAGES.map((p) => {
        const active = p.href === '/' ? path === '/' : path.startsWith(p.href);
        return (
          <Link
            key={p.href}
            href={p.href}
            aria-current={active ? 'page' : undefined}
            className={`whitespace-nowrap rounded-md px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
              active
                ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-100'
                : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
            }`}
          >
            {p.label}
          </Link>
        );
      })}
      <button
        type="button"
        onClick={toggleTheme}
        className="ml-auto whitespace-nowrap rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 md:ml-0 md:mt-auto dark:text-slate-300 dark:hover:bg-slate-800"
      >
        Toggle theme
      </button>
    </nav>
  );
}
