'use client';

import { useRef } from 'react';

interface TeamChoice {
  teamId: string;
  name: string;
  role: string;
}

/**
 * The team the person works in, on every page; with more than one team, a select that
 * switches (a plain GET form: works without JavaScript through its button).
 */
export function TeamSwitcher({ teams, current }: { teams: TeamChoice[]; current: string }) {
  const form = useRef<HTMLFormElement>(null);
  const active = teams.find((team) => team.teamId === current);
  if (teams.length < 2) {
    return (
      <span className="max-w-[7rem] truncate text-slate-700 2xl:max-w-[10rem]" title={`Team: ${active?.name ?? ''}`} data-testid="current-team">
        {active?.name}
      </span>
    );
  }
  return (
    <form ref={form} action="/teams/switch" method="get" className="flex items-center gap-1">
      <input type="hidden" name="next" value="/dashboard" />
      <label htmlFor="team-switcher" className="sr-only">
        Team
      </label>
      <select
        id="team-switcher"
        name="team"
        defaultValue={current}
        onChange={() => form.current?.requestSubmit()}
        data-testid="current-team"
        className="max-w-[7rem] truncate rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm text-slate-800 2xl:max-w-[10rem]"
      >
        {teams.map((team) => (
          <option key={team.teamId} value={team.teamId}>
            {team.name}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm">
          Switch team
        </button>
      </noscript>
    </form>
  );
}
