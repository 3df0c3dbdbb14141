// Connections page (placeholder until the console pages land).
export default function ConnectionsPage() {
  return <h1 className="text-xl font-semibold">Connections</h1>;
}
