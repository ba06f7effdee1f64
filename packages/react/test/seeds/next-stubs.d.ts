// Type stubs for the parts of Next.js the snippets use (Next.js is not installed).
declare module 'next/router' {
  export interface NextRouter {
    push(url: string): Promise<boolean>
  }
  export function useRouter(): NextRouter
}

declare module 'next/server' {
  export class NextRequest extends Request {}
  export class NextResponse<Body = unknown> extends Response {
    static json<Body>(body: Body, init?: ResponseInit): NextResponse<Body>
  }
}
