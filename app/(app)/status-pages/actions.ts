'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { type ActionState, teamAction } from '@/lib/actions/safe-action';
import {
  addComponent,
  createStatusPage,
  deleteComponent,
  deleteStatusPage,
  moveComponent,
  setStatusPagePassword,
  updateComponent,
  updateStatusPage,
} from '@/lib/status-pages/manage';
import { addPostUpdate, createPost, deletePost, updatePost } from '@/lib/status-pages/posts';
import {
  addComponentSchema,
  addPostUpdateSchema,
  createPostSchema,
  deletePostSchema,
  updatePostSchema,
  componentRefSchema,
  deleteStatusPageSchema,
  moveComponentSchema,
  pagePasswordSchema,
  statusPageFormSchema,
  statusPageRefSchema,
  updateComponentSchema,
  updateStatusPageSchema,
} from '@/lib/status-pages/schemas';

export const createStatusPageAction = teamAction(statusPageFormSchema, async (input, { ctx }): Promise<ActionState<{ saved: boolean }>> => {
  const page = await createStatusPage({ ctx, input });
  redirect(`/status-pages/${page.id}?notice=created`);
});

export const updateStatusPageAction = teamAction(updateStatusPageSchema, async (input, { ctx }) => {
  await updateStatusPage({ ctx, input });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { saved: true } };
});

export const deleteStatusPageAction = teamAction(deleteStatusPageSchema, async (input, { ctx }) => {
  await deleteStatusPage({ ctx, input });
  redirect('/status-pages?notice=deleted');
});

export const setPagePasswordAction = teamAction(pagePasswordSchema, async (input, { ctx }) => {
  await setStatusPagePassword({ ctx, input });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { protected: true } };
});

export const removePagePasswordAction = teamAction(statusPageRefSchema, async (input, { ctx }) => {
  await setStatusPagePassword({ ctx, input: { pageId: input.pageId, password: null } });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { protected: false } };
});

export const addComponentAction = teamAction(addComponentSchema, async (input, { ctx }) => {
  await addComponent({ ctx, input });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { name: input.name } };
});

export const updateComponentAction = teamAction(updateComponentSchema, async (input, { ctx }) => {
  await updateComponent({ ctx, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { name: input.name } };
});

export const deleteComponentAction = teamAction(componentRefSchema, async (input, { ctx }) => {
  await deleteComponent({ ctx, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { deleted: true } };
});

export const moveComponentAction = teamAction(moveComponentSchema, async (input, { ctx }) => {
  await moveComponent({ ctx, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { moved: true } };
});

export const createPostAction = teamAction(createPostSchema, async (input, { ctx }): Promise<ActionState<{ saved: boolean }>> => {
  const post = await createPost({ ctx, input });
  redirect(`/status-pages/${input.pageId}/posts/${post.id}?notice=published`);
});

export const updatePostAction = teamAction(updatePostSchema, async (input, { ctx }) => {
  await updatePost({ ctx, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { saved: true } };
});

export const addPostUpdateAction = teamAction(addPostUpdateSchema, async (input, { ctx }) => {
  await addPostUpdate({ ctx, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { saved: true } };
});

export const deletePostAction = teamAction(deletePostSchema, async (input, { ctx }) => {
  const { pageId } = await deletePost({ ctx, input });
  redirect(`/status-pages/${pageId}?notice=post-deleted`);
});
