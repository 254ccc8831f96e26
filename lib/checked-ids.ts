// Forms with a checkbox per item name each one `<prefix>:<id>` (FormData arrives as one
// object, one value per name): the ids of the ticked ones.

export function checkedIds(form: Record<string, unknown>, prefix: string): string[] {
  return Object.keys(form)
    .filter((key) => key.startsWith(`${prefix}:`) && form[key] === 'on')
    .map((key) => key.slice(prefix.length + 1));
}

/** The ticked `monitor:<id>` boxes; anything that is not an id is left out. */
export function monitorIdsOf(form: Record<string, unknown>): string[] {
  return checkedIds(form, 'monitor').filter((id) => /^[0-9a-f-]{36}$/i.test(id));
}
