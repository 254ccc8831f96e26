'use client';

/** The root layout itself failed: a bare page (no styles can be relied on), with the reference from the server's log. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <h1>Something went wrong</h1>
        <p>Watchpost could not show this page just now.{error.digest ? ` Reference: ${error.digest}.` : ''}</p>
        <p>
          <a href="/">Back to the start page</a>
        </p>
      </body>
    </html>
  );
}
