/** In-memory BoardStore and BoardFeed for the dashboard's tests (only what the dashboard reads is real). */
import type { BoardChange, BoardFeed, BoardStore, Build, BuildReport, LockAnswer, Project, Revision } from "../../src/store/board-store.js";

export class FakeBoardStore implements BoardStore {
  readonly projects: Project[] = [];
  /** Per project id, newest first. */
  readonly revisions = new Map<number, Revision[]>();

  addProject(over: Partial<Project> & { name: string }): Project {
    const project: Project = { id: this.projects.length + 1, repository: `git@example.com:org/${over.name}.git`, position: 0, mappings: [], ...over };
    this.projects.push(project);
    this.revisions.set(project.id, []);
    return project;
  }

  /** Adds a revision as the project's newest. */
  addRevision(project: Project, hash: string, builds: Build[], createdAt = new Date()): Revision {
    const revision: Revision = { hash, createdAt, builds };
    this.revisions.get(project.id)?.unshift(revision);
    return revision;
  }

  async reportBuild(report: BuildReport, now: Date): Promise<{ project: Project; revision: Revision }> {
    const project = this.projects.find((p) => p.repository === report.repository) ?? this.addProject({ name: report.repository.split("/").pop() ?? "x", repository: report.repository });
    const revisions = this.revisions.get(project.id) ?? [];
    const revision = revisions.find((r) => r.hash === report.revision) ?? this.addRevision(project, report.revision, [], now);
    const build = revision.builds.find((b) => b.name === report.name);
    if (build) Object.assign(build, { status: report.status, statusUrl: report.statusUrl, updatedAt: now });
    else revision.builds.push({ name: report.name, status: report.status, statusUrl: report.statusUrl, createdAt: now, updatedAt: now });
    return { project, revision };
  }

  async listProjects(): Promise<Project[]> {
    return [...this.projects].sort((a, b) => a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  }
  async findProject(name: string): Promise<Project | undefined> {
    return this.projects.find((p) => p.name === name);
  }
  async findProjectByRepository(repository: string): Promise<Project | undefined> {
    return this.projects.find((p) => p.repository === repository);
  }
  async latestRevisions(projectId: number, limit: number): Promise<Revision[]> {
    return (this.revisions.get(projectId) ?? []).slice(0, limit);
  }
  async latestRevisionsOfAll(limit: number): Promise<Map<number, Revision[]>> {
    return new Map(this.projects.map((p) => [p.id, (this.revisions.get(p.id) ?? []).slice(0, limit)]));
  }
  async deleteProject(name: string): Promise<boolean> {
    return (await this.removeProject(name)) !== undefined;
  }
  async removeProject(name: string): Promise<Project | undefined> {
    const index = this.projects.findIndex((p) => p.name === name);
    return index < 0 ? undefined : this.projects.splice(index, 1)[0];
  }
  async pruneRevisions(): Promise<number> {
    return 0;
  }
  async setMappings(projectId: number, mappings: string[], position?: number): Promise<void> {
    const project = this.projects.find((p) => p.id === projectId);
    if (project) Object.assign(project, { mappings, position: position ?? project.position });
  }
  async lock(): Promise<LockAnswer> {
    return { lockedByRevision: null, held: false };
  }
  async unlock(): Promise<LockAnswer> {
    return { lockedByRevision: null, held: false };
  }
}

export class FakeBoardFeed implements BoardFeed {
  private readonly listeners = new Set<(change: BoardChange) => void>();

  get subscribers(): number {
    return this.listeners.size;
  }
  async publish(change: BoardChange): Promise<void> {
    for (const listener of this.listeners) listener(change);
  }
  subscribe(listener: (change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
